import { DatePicker, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { DATE_FORMAT, dayjs } from '../lib/datetime';

/**
 * A DatePicker that keeps a date typed in full when the person presses Escape. AntD's picker treats Escape as
 * "cancel the edit" and throws the typed text away, so a start date typed and left with Escape vanished from the
 * form (the walk's exemption dialog). Here Escape first accepts a complete, valid date (YYYY-MM-DD), then closes.
 */
export function DateInput(props: DatePickerProps) {
  const { onChange, onKeyDown } = props;
  return (
    <DatePicker
      {...props}
      onKeyDown={(event, preventDefault) => {
        if (event.key === 'Escape') {
          const text = (event.target as HTMLInputElement).value.trim();
          const typed = dayjs(text, DATE_FORMAT, true);
          if (typed.isValid()) (onChange as ((date: Dayjs, text: string) => void) | undefined)?.(typed, text);
        }
        onKeyDown?.(event, preventDefault);
      }}
    />
  );
}
