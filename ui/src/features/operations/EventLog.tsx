import Box from '@mui/material/Box';
import { memo, useLayoutEffect, useRef } from 'react';
import type { OperationEvent } from '../../api';
import { formatClock } from '../../lib/format';
import { eventKindColor } from '../../theme/statusColors';

/** Rendering tens of thousands of lines would stall the panel; the newest ones are what a user reads. */
export const visibleEventLimit = 1000;

// Lines are plain elements styled once by the container (a line per event, up to a thousand, re-rendered as events
// stream in: per-line style props would cost more than the log itself).
const logStyles = {
  flex: 1,
  minHeight: 160,
  overflow: 'auto',
  fontFamily: 'monospace',
  fontSize: 12,
  lineHeight: 1.6,
  bgcolor: 'action.hover',
  borderRadius: 1,
  p: 1,
  '& .line': { display: 'flex', gap: 1, whiteSpace: 'pre-wrap' },
  '& .seq': { color: 'text.disabled', minWidth: '4ch', textAlign: 'right' },
  '& .time': { color: 'text.secondary' },
  '& .kind': { minWidth: '8ch' },
  '& .message': { color: 'text.primary', wordBreak: 'break-word' },
  '& .note': { color: 'text.secondary' },
  ...Object.fromEntries(Object.entries(eventKindColor).map(([kind, color]) => [`& [data-kind="${kind}"] .kind`, { color }])),
  '& [data-kind="warning"] .message': { color: eventKindColor.warning },
  '& [data-kind="error"] .message': { color: eventKindColor.error },
};

const EventLine = memo(function EventLine({ event }: { event: OperationEvent }) {
  return (
    <div className="line" data-seq={event.seq} data-kind={event.kind}>
      <span className="seq">{event.seq}</span>
      <span className="time">{formatClock(event.time)}</span>
      <span className="kind">{event.kind}</span>
      <span className="message">{event.message}</span>
    </div>
  );
});

interface Props {
  events: readonly OperationEvent[];
  /** Changes whenever events were added (the array itself grows in place). */
  lastSeq: number;
}

/** The operation's events as a terminal-like log that follows new lines unless the user scrolled up to read. */
export function EventLog({ events, lastSeq }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const element = container.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lastSeq]);

  const onScroll = () => {
    const element = container.current;
    if (element) following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
  };

  const hidden = Math.max(0, events.length - visibleEventLimit);
  const visible = hidden > 0 ? events.slice(hidden) : events;

  return (
    <Box ref={container} onScroll={onScroll} role="log" aria-label="Event log" aria-live="polite" sx={logStyles}>
      {hidden > 0 ? <div className="note">{hidden} earlier events not shown</div> : null}
      {visible.length === 0 ? <div className="note">Waiting for events…</div> : null}
      {visible.map((event) => (
        <EventLine key={event.seq} event={event} />
      ))}
    </Box>
  );
}
