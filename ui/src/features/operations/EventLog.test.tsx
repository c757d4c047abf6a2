import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { event, finalEvent } from '../../test/fixtures';
import { EventLog, visibleEventLimit } from './EventLog';

describe('EventLog', () => {
  it('shows each event with its seq, kind and message', () => {
    const events = [event(1), event(2), finalEvent(3, 'failed', 'The step failed; retry it.')];
    render(<EventLog events={events} lastSeq={3} />);
    const lines = screen.getByRole('log').querySelectorAll('[data-seq]');
    expect([...lines].map((line) => line.textContent)).toEqual([
      expect.stringMatching(/^1.*status.*running$/),
      expect.stringMatching(/^2.*progress.*step 1$/),
      expect.stringMatching(/^3.*status.*The step failed; retry it\.$/),
    ]);
  });

  it('keeps only the newest lines on screen and says how many are hidden', () => {
    const events = Array.from({ length: visibleEventLimit + 5 }, (_, index) => event(index + 1));
    // Plain DOM queries: getByRole computes roles for every one of the thousand lines, which takes seconds in jsdom.
    const { container } = render(<EventLog events={events} lastSeq={events.length} />);
    const lines = container.querySelectorAll('[data-seq]');
    expect(lines).toHaveLength(visibleEventLimit);
    expect(lines[0]!.getAttribute('data-seq')).toBe('6');
    expect(container.querySelector('[role="log"]')!.firstElementChild).toHaveTextContent('5 earlier events not shown');
  });

  it('says it is waiting before the first event', () => {
    render(<EventLog events={[]} lastSeq={0} />);
    expect(screen.getByText('Waiting for events…')).toBeInTheDocument();
  });
});
