// A dashboard address keeps its page after the "#" (#/monitors/<id>), which the browser never
// sends to the server: a login would land on the monitors list instead. This puts the fragment
// into the login form's action; the browser carries it through the redirect after the login.
const form = document.querySelector('form[data-keep-fragment]');
if (form && location.hash.length > 1) form.setAttribute('action', `${form.getAttribute('action')}${location.hash}`);
