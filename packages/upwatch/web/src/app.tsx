import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, errorMessage, goToLogin, setCsrfToken } from './api';
import { MaintenancePage } from './maintenance-page';
import { MonitorFormPage } from './monitor-form-page';
import { MonitorPage } from './monitor-page';
import { MonitorsPage } from './monitors-page';
import { NavBar } from './nav-bar';
import { NotifiersPage } from './notifiers-page';
import { useRoute, type Route } from './router';
import { StatusPagesPage } from './status-pages-page';
import { TokensPage } from './tokens-page';
import type { Session } from './types';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'monitors':
      return <MonitorsPage />;
    case 'monitor':
      return <MonitorPage key={route.id} id={route.id} />;
    case 'new-monitor':
      return <MonitorFormPage />;
    case 'edit-monitor':
      return <MonitorFormPage key={route.id} id={route.id} />;
    case 'notifiers':
      return <NotifiersPage />;
    case 'status-pages':
      return <StatusPagesPage />;
    case 'maintenance':
      return <MaintenancePage />;
    case 'tokens':
      return <TokensPage />;
    case 'not-found':
      return (
        <main class="page">
          <h1>Not found</h1>
          <p>
            There is no page at <code>#{route.path}</code>. <a href="#/monitors">Go to the monitors</a>.
          </p>
        </main>
      );
  }
}

/** The dashboard: who is logged in (a 401 sends to the login page), the top bar and the page of the URL's hash. */
export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // The page does not wait for the session: its reads go out at once, beside this one (a 401 on
  // either sends to the login page), and no change can be made before it is back.
  useEffect(() => {
    api<Session>('GET', '/api/session').then(
      (s) => {
        setCsrfToken(s.csrf_token);
        setSession(s);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) return goToLogin();
        setProblem(`The session could not be read: ${errorMessage(err)}`);
      },
    );
  }, []);

  useEffect(() => {
    if (route.page !== 'monitor' && route.page !== 'edit-monitor' && route.page !== 'new-monitor') document.title = 'upwatch';
  }, [route]);

  return (
    <>
      <NavBar route={route} session={session} />
      {problem && (
        <p class="banner error" role="alert">
          {problem}
        </p>
      )}
      <Page route={route} />
    </>
  );
}
