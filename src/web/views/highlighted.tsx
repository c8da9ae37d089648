import type { HighlightSegment } from '../../search/index.ts';

/** Text as the search split it: matched runs in <mark>, all of it escaped by Preact. */
export function Highlighted(props: { segments: HighlightSegment[] }) {
  return <>{props.segments.map((segment) => (segment.type === 'highlight' ? <mark>{segment.text}</mark> : segment.text))}</>;
}
