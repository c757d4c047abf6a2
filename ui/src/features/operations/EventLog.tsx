import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useLayoutEffect, useRef } from 'react';
import type { OperationEvent } from '../../api';
import { formatClock } from '../../components/format';
import { eventKindColor, eventMessageColor } from '../../theme/statusColors';

/** Rendering tens of thousands of lines would stall the panel; the newest ones are what a user reads. */
export const visibleEventLimit = 1000;

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
    <Box
      ref={container}
      onScroll={onScroll}
      role="log"
      aria-label="Event log"
      aria-live="polite"
      sx={{
        flex: 1,
        minHeight: 160,
        overflow: 'auto',
        fontFamily: 'monospace',
        fontSize: 12,
        lineHeight: 1.6,
        bgcolor: 'action.hover',
        borderRadius: 1,
        p: 1,
      }}
    >
      {hidden > 0 ? (
        <Typography variant="caption" color="text.secondary" component="div">
          {hidden} earlier events not shown
        </Typography>
      ) : null}
      {visible.length === 0 ? (
        <Typography variant="caption" color="text.secondary" component="div">
          Waiting for events…
        </Typography>
      ) : null}
      {visible.map((event) => (
        <Box key={event.seq} data-seq={event.seq} sx={{ display: 'flex', gap: 1, whiteSpace: 'pre-wrap' }}>
          <Box component="span" sx={{ color: 'text.disabled', minWidth: '4ch', textAlign: 'right' }}>
            {event.seq}
          </Box>
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {formatClock(event.time)}
          </Box>
          <Box component="span" sx={{ color: eventKindColor[event.kind], minWidth: '8ch' }}>
            {event.kind}
          </Box>
          <Box component="span" sx={{ color: eventMessageColor(event.kind), wordBreak: 'break-word' }}>
            {event.message}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
