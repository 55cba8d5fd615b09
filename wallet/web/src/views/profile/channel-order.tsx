import { pt, type ProfileTextKey } from './profile-texts';
import { channels, type Channel } from './profile-types';

/**
 * Which channels, in which order: a checkbox per channel and buttons to move the chosen ones.
 * After a move, focus follows the moved channel so keyboard users keep their place.
 */
export function ChannelOrder(props: {
  idPrefix: string;
  value: Channel[];
  onChange: (next: Channel[]) => void;
}) {
  const { idPrefix, value } = props;
  const rows: Channel[] = [...value, ...channels.filter((c) => !value.includes(c))];
  const name = (c: Channel) => pt(`channel_${c}` as ProfileTextKey);

  const move = (channel: Channel, by: -1 | 1) => {
    const next = [...value];
    const at = next.indexOf(channel);
    [next[at], next[at + by]] = [next[at + by]!, next[at]!];
    props.onChange(next);
    requestAnimationFrame(() => {
      const position = next.indexOf(channel);
      const direction = (by === -1 && position > 0) || position === next.length - 1 ? 'up' : 'down';
      document.getElementById(`${idPrefix}-${channel}-${direction}`)?.focus();
    });
  };
  const toggle = (channel: Channel, on: boolean) =>
    props.onChange(on ? [...value, channel] : value.filter((c) => c !== channel));

  return (
    <ol class="channel-order">
      {rows.map((channel) => {
        const at = value.indexOf(channel);
        const chosen = at >= 0;
        return (
          <li key={channel} class={chosen ? 'chosen' : undefined}>
            <input
              type="checkbox"
              id={`${idPrefix}-${channel}`}
              checked={chosen}
              onChange={(e) => toggle(channel, (e.target as HTMLInputElement).checked)}
            />
            <label for={`${idPrefix}-${channel}`}>
              {chosen && <span class="order-number">{at + 1}. </span>}
              {name(channel)}
            </label>
            {chosen && (
              <span class="order-buttons">
                <button
                  type="button"
                  class="button-small"
                  id={`${idPrefix}-${channel}-up`}
                  disabled={at === 0}
                  aria-label={pt('moveUp', { channel: name(channel) })}
                  onClick={() => move(channel, -1)}
                >
                  ↑ {pt('up')}
                </button>
                <button
                  type="button"
                  class="button-small"
                  id={`${idPrefix}-${channel}-down`}
                  disabled={at === value.length - 1}
                  aria-label={pt('moveDown', { channel: name(channel) })}
                  onClick={() => move(channel, 1)}
                >
                  ↓ {pt('down')}
                </button>
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
