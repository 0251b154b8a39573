import { Button, Result } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { NotFoundPage } from './not-found-page';

/** Last line of defence: a render error or a failed chunk load shows this instead of a blank page. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  // A new deployment replaces the hashed chunks; reloading picks up the new ones.
  const isChunkError = error instanceof Error && /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <Result
      status="error"
      title={isChunkError ? '系统已更新' : '页面出错了'}
      subTitle={isChunkError ? '请刷新页面以加载最新版本。' : '页面发生意外错误，请刷新后重试；如问题持续，请联系系统管理员。'}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}
