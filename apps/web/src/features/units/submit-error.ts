import type { FormInstance } from 'antd';
import { ApiError, errorMessage, fieldErrorsOf, isApiError } from '../../api/client';
import { applyFieldErrors } from '../../lib/form-errors';

/**
 * Shows a failed save where it belongs: per-field messages under their fields (see applyFieldErrors), anything
 * else as the returned banner text (null when every message found a field). A conflict carries one field and a
 * short detail ("代码已被使用"); its own message names the holder ("统一社会信用代码已被“某校”使用"), so that
 * one goes under the field instead.
 */
export function placeSubmitError<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly (keyof T & string)[],
  aliases: Readonly<Record<string, keyof T & string>> = {},
  fallback = '保存失败，请稍后重试',
): string | null {
  const details = fieldErrorsOf(error);
  const first = details[0];
  const placed =
    isApiError(error) && error.code === 'CONFLICT' && details.length === 1 && first
      ? new ApiError(error.status, error.code, error.message, [{ path: first.path, message: error.message }])
      : error;
  return applyFieldErrors(form, placed, fields, aliases) ? null : errorMessage(error, fallback);
}
