import { html, type Html } from '../html.js';
import { pageShell } from '../page-shell.js';

/** The frame of every account page: a small centred card with the product's name. */
function accountPage(title: string, content: Html, scripts: string[] = []): string {
  return pageShell({
    title: `${title} · upwatch`,
    scripts,
    body: html`<main class="account">
<p class="account-brand">upwatch</p>
<h1>${title}</h1>
${content}
</main>`,
  }).toString();
}

function notice(message: string | null): Html | null {
  return message === null ? null : html`<p class="banner error" role="alert">${message}</p>`;
}

/** Field errors of a form, keyed by field name, shown under their field. */
export type FormErrors = Partial<Record<string, string>>;

function fieldError(errors: FormErrors, name: string): Html | null {
  const message = errors[name];
  return message === undefined ? null : html`<span class="field-error" id="${name}-error">${message}</span>`;
}

function described(errors: FormErrors, name: string): Html | null {
  return errors[name] === undefined ? null : html` aria-invalid="true" aria-describedby="${name}-error"`;
}

export interface SetupFormView {
  token: string;
  csrf: string;
  username: string;
  passwordMin: number;
  errors: FormErrors;
}

/** The first-run form: the admin's username and password, twice. */
export function setupFormPage(view: SetupFormView): string {
  const { errors } = view;
  return accountPage(
    'Create the admin account',
    html`<p>This account signs in to the dashboard. The link that brought you here works until it is made.</p>
<form class="account-form" method="post" action="/setup">
<input type="hidden" name="_csrf" value="${view.csrf}">
<input type="hidden" name="token" value="${view.token}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required maxlength="64" value="${view.username}"${described(errors, 'username')}>
${fieldError(errors, 'username')}
<label for="password">Password <span class="hint">(at least ${view.passwordMin} characters)</span></label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="${view.passwordMin}"${described(errors, 'password')}>
${fieldError(errors, 'password')}
<label for="password_again">Password again</label>
<input id="password_again" name="password_again" type="password" autocomplete="new-password" required${described(errors, 'password_again')}>
${fieldError(errors, 'password_again')}
<button type="submit">Create account and log in</button>
</form>`,
  );
}

/** A setup link that is wrong, missing or used up: a plain explanation, no form. */
export function setupRefusedPage(): string {
  return accountPage(
    'This setup link is not valid',
    html`<p>Setting up upwatch needs the link the server printed when it started without an admin account, and that link works only until the account is made.</p>
<ul>
<li>If the admin account exists, <a href="/login">log in</a>.</li>
<li>If not, copy the whole link from the server's output (restarting the server prints a new one).</li>
</ul>`,
  );
}

export interface LoginView {
  csrf: string;
  next: string;
  username: string;
  message: string | null;
  /** No account exists yet: say where the setup link is. */
  noAccountYet: boolean;
}

/** The login form. */
export function loginPage(view: LoginView): string {
  return accountPage(
    'Log in',
    html`${notice(view.message)}
${view.noAccountYet ? html`<p class="banner warn">No admin account exists yet: open the setup link the server printed when it started.</p>` : null}
<form class="account-form" method="post" action="/login" data-keep-fragment>
<input type="hidden" name="_csrf" value="${view.csrf}">
<input type="hidden" name="next" value="${view.next}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required maxlength="64" value="${view.username}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>`,
    ['/assets/keep-fragment.js'],
  );
}

/** A form sent without its CSRF token (an old tab, blocked cookies) or from another site. */
export function formExpiredPage(retryHref: string): string {
  return accountPage(
    'This form has expired',
    html`<p>The form was sent without the token that proves it came from this site's own page (an old tab, or cookies blocked), or it came from another site.</p>
<p><a href="${retryHref}">Open the form again</a> and send it from there.</p>`,
  );
}
