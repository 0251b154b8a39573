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
const PayPage = page(() => import('../features/pay/pages/pay-page'), 'PayPage');
const SandboxCashierPage = page(() => import('../features/pay/pages/sandbox-cashier-page'), 'SandboxCashierPage');
const ReceiptPage = page(() => import('../features/pay/pages/receipt-page'), 'ReceiptPage');
const FamilyStatusPage = page(() => import('../features/pay/pages/family-status-page'), 'FamilyStatusPage');
const FamilyPayPage = page(() => import('../features/pay/pages/family-pay-page'), 'FamilyPayPage');
const PoliciesPage = page(() => import('../features/policies/pages/policies-page'), 'PoliciesPage');
const PolicyDetailPage = page(() => import('../features/policies/pages/policy-detail-page'), 'PolicyDetailPage');
const ReconciliationPage = page(() => import('../features/reconciliation/pages/reconciliation-page'), 'ReconciliationPage');
const TerminalsPage = page(() => import('../features/terminals/pages/terminals-page'), 'TerminalsPage');
const RefundsPage = page(() => import('../features/refunds/pages/refunds-page'), 'RefundsPage');
const DeclarationsPage = page(() => import('../features/declarations/pages/declarations-page'), 'DeclarationsPage');
const UninsuredPage = page(() => import('../features/chase/pages/uninsured-page'), 'UninsuredPage');
const ProgressPage = page(() => import('../features/chase/pages/progress-page'), 'ProgressPage');
const ClassSheetsPage = page(() => import('../features/chase/pages/class-sheets-page'), 'ClassSheetsPage');
const RemindersPrintPage = page(() => import('../features/chase/pages/reminders-print-page'), 'RemindersPrintPage');
const HouseholdsPage = page(() => import('../features/households/pages/households-page'), 'HouseholdsPage');
const HouseholdRegisterPage = page(() => import('../features/households/pages/household-register-page'), 'HouseholdRegisterPage');
const HouseholdPage = page(() => import('../features/households/pages/household-page'), 'HouseholdPage');
const ClosingPage = page(() => import('../features/close/pages/closing-page'), 'ClosingPage');
const PublicityPage = page(() => import('../features/close/pages/publicity-page'), 'PublicityPage');
const HandbooksPage = page(() => import('../features/close/pages/handbooks-page'), 'HandbooksPage');
const CardsPage = page(() => import('../features/close/pages/cards-page'), 'CardsPage');
const UnpaidListsPage = page(() => import('../features/close/pages/unpaid-lists-page'), 'UnpaidListsPage');
const AuditSamplesPage = page(() => import('../features/audit-samples/pages/audit-samples-page'), 'AuditSamplesPage');
const AuditSamplePage = page(() => import('../features/audit-samples/pages/audit-sample-page'), 'AuditSamplePage');
const DailyReportsPage = page(() => import('../features/chase/pages/daily-reports-page'), 'DailyReportsPage');
const SettlementsPage = page(() => import('../features/settlements/pages/settlements-page'), 'SettlementsPage');
const SettlementDetailPage = page(() => import('../features/settlements/pages/settlement-detail-page'), 'SettlementDetailPage');
const NoticesPrintPage = page(() => import('../features/settlements/pages/notices-print-page'), 'NoticesPrintPage');

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
          // The family's money flow (码上缴社保): pay page, sandbox cashier, receipts, coverage status.
          {
            path: '/pay/:token',
            element: (
              <Lazy>
                <PayPage />
              </Lazy>
            ),
          },
          {
            path: '/sandbox-pay/:outTradeNo',
            element: (
              <Lazy>
                <SandboxCashierPage />
              </Lazy>
            ),
          },
          {
            path: '/receipt',
            element: (
              <Lazy>
                <ReceiptPage />
              </Lazy>
            ),
          },
          {
            path: '/family',
            element: (
              <Lazy>
                <FamilyStatusPage />
              </Lazy>
            ),
          },
          {
            path: '/family/pay',
            element: (
              <Lazy>
                <FamilyPayPage />
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
              { path: 'reconciliation', element: guarded('reconciliation', <ReconciliationPage />) },
              { path: 'terminals', element: guarded('terminals', <TerminalsPage />) },
              { path: 'refunds', element: guarded('refunds', <RefundsPage />) },
              { path: 'declarations', element: guarded('declarations', <DeclarationsPage />) },
              { path: 'uninsured', element: guarded('uninsured', <UninsuredPage />) },
              { path: 'uninsured/sheets', element: guarded('uninsured', <ClassSheetsPage />) },
              { path: 'uninsured/reminders', element: guarded('uninsured', <RemindersPrintPage />) },
              { path: 'progress', element: guarded('progress', <ProgressPage />) },
              { path: 'progress/daily', element: guarded('progress', <DailyReportsPage />) },
              { path: 'households', element: guarded('households', <HouseholdsPage />) },
              { path: 'households/new', element: guarded('households', <HouseholdRegisterPage />) },
              { path: 'households/:id', element: guarded('households', <HouseholdPage />) },
              { path: 'closing', element: guarded('closing', <ClosingPage />) },
              { path: 'closing/publicity', element: guarded('closing', <PublicityPage />) },
              { path: 'closing/unpaid-lists', element: guarded('closing', <UnpaidListsPage />) },
              { path: 'closing/cards', element: guarded('closing', <CardsPage />) },
              { path: 'closing/handbooks', element: guarded('closing', <HandbooksPage />) },
              { path: 'audit-samples', element: guarded('auditSamples', <AuditSamplesPage />) },
              { path: 'audit-samples/:id', element: guarded('auditSamples', <AuditSamplePage />) },
              { path: 'settlements', element: guarded('settlements', <SettlementsPage />) },
              { path: 'settlements/:id', element: guarded('settlements', <SettlementDetailPage />) },
              { path: 'settlements/:id/notices/print', element: guarded('settlements', <NoticesPrintPage />) },
              { path: 'account/password', element: <ChangePasswordPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
