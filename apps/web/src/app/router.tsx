import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { FullPageSpin } from '../components/full-page-spin';
import { RequireAuth } from '../features/auth/components/require-auth';
import { RequireNav } from '../features/auth/components/require-nav';
import { NotFoundPage } from '../features/errors/pages/not-found-page';
import { RouteErrorPage } from '../features/errors/pages/route-error-page';
import { AppLayout } from './layout/app-layout';
import { PublicLayout } from './layout/public-layout';
import type { NavKey } from './navigation';

/** Each page is its own chunk; the named export becomes React.lazy's default. */
function page<M>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const LoginPage = page(() => import('../features/auth/pages/login-page'), 'LoginPage');
const ChangePasswordPage = page(() => import('../features/auth/pages/change-password-page'), 'ChangePasswordPage');
const HomePage = page(() => import('../features/home/pages/home-page'), 'HomePage');
const UnitsPage = page(() => import('../features/units/pages/units-page'), 'UnitsPage');
const UnitDetailPage = page(() => import('../features/units/pages/unit-detail-page'), 'UnitDetailPage');
const MyUnitPage = page(() => import('../features/units/pages/my-unit-page'), 'MyUnitPage');
const BranchOfficesPage = page(() => import('../features/branch-offices/pages/branch-offices-page'), 'BranchOfficesPage');
const PersonsPage = page(() => import('../features/persons/pages/persons-page'), 'PersonsPage');
const PersonRegisterPage = page(() => import('../features/persons/pages/person-register-page'), 'PersonRegisterPage');
const PersonDetailPage = page(() => import('../features/persons/pages/person-detail-page'), 'PersonDetailPage');
const ImportsPage = page(() => import('../features/imports/pages/imports-page'), 'ImportsPage');
const UsersPage = page(() => import('../features/users/pages/users-page'), 'UsersPage');
const AuditLogPage = page(() => import('../features/audit/pages/audit-log-page'), 'AuditLogPage');
const FeeQuotePage = page(() => import('../features/policies/pages/fee-quote-page'), 'FeeQuotePage');
const PoliciesPage = page(() => import('../features/policies/pages/policies-page'), 'PoliciesPage');
const PolicyDetailPage = page(() => import('../features/policies/pages/policy-detail-page'), 'PolicyDetailPage');

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

/** A page behind the role menu of app/navigation.tsx. */
function guarded(navKey: NavKey, element: ReactNode) {
  return <RequireNav navKey={navKey}>{element}</RequireNav>;
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        path: '/login',
        element: (
          <Lazy>
            <LoginPage />
          </Lazy>
        ),
      },
      {
        // Pages anyone may open without logging in.
        element: <PublicLayout />,
        children: [
          {
            path: '/fee-quote',
            element: (
              <Lazy>
                <FeeQuotePage />
              </Lazy>
            ),
          },
        ],
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          {
            errorElement: <RouteErrorPage />,
            element: (
              <Lazy>
                <Outlet />
              </Lazy>
            ),
            children: [
              { index: true, element: guarded('home', <HomePage />) },
              { path: 'units', element: guarded('units', <UnitsPage />) },
              { path: 'units/:id', element: guarded('units', <UnitDetailPage />) },
              { path: 'my-unit', element: guarded('myUnit', <MyUnitPage />) },
              { path: 'branch-offices', element: guarded('branchOffices', <BranchOfficesPage />) },
              { path: 'persons', element: guarded('persons', <PersonsPage />) },
              { path: 'persons/new', element: guarded('persons', <PersonRegisterPage />) },
              { path: 'persons/:id', element: guarded('persons', <PersonDetailPage />) },
              // One page for the list and a job's panel: the optional id keeps the page mounted while a new job's
              // upload runs and survives a reload.
              { path: 'imports/:id?', element: guarded('imports', <ImportsPage />) },
              { path: 'users', element: guarded('users', <UsersPage />) },
              { path: 'audit', element: guarded('audit', <AuditLogPage />) },
              { path: 'policies', element: guarded('policies', <PoliciesPage />) },
              { path: 'policies/:id', element: guarded('policies', <PolicyDetailPage />) },
              { path: 'account/password', element: <ChangePasswordPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
