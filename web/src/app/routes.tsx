import { createBrowserRouter } from 'react-router';

import { OverviewScreen } from '../screens/overview/OverviewScreen';
import { SignInScreen } from '../screens/sign-in/SignInScreen';
import { NotFound } from './NotFound';
import { Shell } from './Shell';

/** Screens after the overview load on first visit, so the first page carries only what it shows. */
const lazy = (load: () => Promise<{ Screen: React.ComponentType }>) => async () => ({
  Component: (await load()).Screen,
});

export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInScreen /> },
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <OverviewScreen /> },
        { path: 'breakdowns', lazy: lazy(() => import('../screens/breakdowns/BreakdownsScreen')) },
        { path: 'text', lazy: lazy(() => import('../screens/text/TextScreen')) },
        { path: 'responses', lazy: lazy(() => import('../screens/responses/ResponsesScreen')) },
        { path: 'responses/:responseId', lazy: lazy(() => import('../screens/responses/ResponseScreen')) },
        { path: 'alerts', lazy: lazy(() => import('../screens/alerts/AlertsScreen')) },
        { path: 'alerts/:alertId', lazy: lazy(() => import('../screens/alerts/AlertsScreen')) },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/app' },
);
