import { NETWORK_PROFILE_NAMES, TRANSPORT_NAMES } from '@arena/protocol';
import type { CreateRoomRequest } from '../net/create-room';
import { h } from './dom';

/** Tick rates offered when creating a room (the server accepts 10..128). */
const TICK_RATE_CHOICES = [20, 30, 60, 128] as const;
/** Snapshot rates offered; 0 stands for "one per tick". */
const SNAPSHOT_RATE_CHOICES = [0, 10, 20, 30] as const;
const DEFAULT_TICK_RATE_HZ = 60;
const DEFAULT_MAX_PLAYERS = 8;
const MAX_PLAYERS_LIMIT = 64;
/** What the bots field shows before it is touched: the server's own default applies then. */
const DEFAULT_MIN_FIGHTERS = 4;
const MIN_FIGHTERS_LIMIT = 16;

/**
 * The front page's "Custom room" section, closed at first: the room's name, tick and snapshot
 * rates, a simulated network, the seats, bots and recording; "Create and join" sends them as
 * POST /api/rooms. The bots field (`minFighters`) is sent only once changed, so the server's
 * default applies otherwise.
 */
export class CustomRoomForm {
  readonly element: HTMLDetailsElement;
  readonly submitButton = h('button', {
    text: 'Create and join',
    attrs: { type: 'submit', 'data-testid': 'create-room' },
  });
  private readonly form: HTMLFormElement;

  constructor(onCreate: (request: CreateRoomRequest) => void) {
    const id = h('input', {
      attrs: {
        type: 'text',
        name: 'id',
        placeholder: 'room name (optional)',
        maxlength: '32',
        // the browser compiles it with the `v` flag, where a bare `-` in a class is an error
        pattern: '[a-z0-9][a-z0-9\\-]*',
        'aria-label': 'Room name',
        'data-testid': 'custom-id',
      },
    });
    const tickRate = h('select', {
      attrs: { name: 'tickRate', 'aria-label': 'Tick rate', 'data-testid': 'custom-tick-rate' },
    });
    for (const hz of TICK_RATE_CHOICES) {
      const option = h('option', { text: `${hz} Hz`, attrs: { value: String(hz) } });
      option.selected = hz === DEFAULT_TICK_RATE_HZ;
      tickRate.append(option);
    }
    const snapshotRate = h('select', {
      attrs: { name: 'snapshotRate', 'aria-label': 'Snapshot rate', 'data-testid': 'custom-snapshot-rate' },
    });
    for (const hz of SNAPSHOT_RATE_CHOICES) {
      snapshotRate.append(
        h('option', { text: hz === 0 ? 'every tick' : `${hz} Hz`, attrs: { value: String(hz) } }),
      );
    }
    // Simulated network conditions, for watching the netcode (and the net graph) cope.
    const network = h('select', {
      attrs: { name: 'network', 'aria-label': 'Simulated network', 'data-testid': 'custom-network' },
    });
    for (const name of ['none', ...NETWORK_PROFILE_NAMES]) {
      network.append(h('option', { text: name === 'none' ? 'real network' : name, attrs: { value: name } }));
    }
    const maxPlayers = numberField('maxPlayers', 'Max players', 1, MAX_PLAYERS_LIMIT, DEFAULT_MAX_PLAYERS);
    const minFighters = numberField(
      'minFighters',
      'Bots (min fighters)',
      0,
      MIN_FIGHTERS_LIMIT,
      DEFAULT_MIN_FIGHTERS,
    );
    let isMinFightersChanged = false;
    minFighters.addEventListener('input', () => {
      isMinFightersChanged = true;
    });
    // Datagrams: snapshots and inputs over an unreliable WebRTC DataChannel (docs/netcode.md).
    const transport = h('select', {
      attrs: { name: 'transport', 'aria-label': 'Transport', 'data-testid': 'custom-transport' },
    });
    for (const name of TRANSPORT_NAMES) {
      const label = name === 'datagram' ? 'datagrams (WebRTC)' : 'WebSocket only';
      transport.append(h('option', { text: label, attrs: { value: name } }));
    }
    const record = h('input', {
      attrs: { type: 'checkbox', name: 'record', 'data-testid': 'custom-record' },
    });

    this.form = h(
      'form',
      { className: 'create-room' },
      h('label', { text: 'Room name ' }, id),
      h('label', { text: 'Tick rate ' }, tickRate),
      h('label', { text: 'Snapshots ' }, snapshotRate),
      h('label', { text: 'Network ' }, network),
      h('label', { text: 'Transport ' }, transport),
      h('label', { text: 'Max players ' }, maxPlayers),
      h('label', { text: 'Bots (min fighters) ' }, minFighters),
      h('label', { className: 'check' }, record, ' Record the match'),
      h('div', { className: 'create-room-actions' }, this.submitButton),
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const trimmedId = id.value.trim().toLowerCase();
      const tickRateHz = Number(tickRate.value);
      const snapshotRateHz = Number(snapshotRate.value);
      onCreate({
        ...(trimmedId === '' ? {} : { id: trimmedId }),
        tickRateHz,
        ...(snapshotRateHz > 0 && snapshotRateHz < tickRateHz ? { snapshotRateHz } : {}),
        maxPlayers: clampInteger(maxPlayers.value, 1, MAX_PLAYERS_LIMIT, DEFAULT_MAX_PLAYERS),
        ...(network.value === 'none' ? {} : { network: network.value }),
        ...(isMinFightersChanged
          ? { minFighters: clampInteger(minFighters.value, 0, MIN_FIGHTERS_LIMIT, DEFAULT_MIN_FIGHTERS) }
          : {}),
        ...(record.checked ? { record: true } : {}),
        ...(transport.value === 'datagram' ? { transport: 'datagram' as const } : {}),
      });
    });
    this.element = h(
      'details',
      { className: 'custom-room', attrs: { 'data-testid': 'custom-room' } },
      h('summary', {
        text: 'Custom room: tick rate, snapshots, network, transport, players, bots, recording',
      }),
      this.form,
    );
  }
}

function numberField(name: string, label: string, min: number, max: number, value: number): HTMLInputElement {
  const input = h('input', {
    attrs: {
      type: 'number',
      name,
      min: String(min),
      max: String(max),
      'aria-label': label,
      'data-testid': `custom-${name}`,
    },
  });
  input.value = String(value);
  return input;
}

/** A whole number from a field, within [min, max]; `fallback` for an empty or broken one. */
function clampInteger(text: string, min: number, max: number, fallback: number): number {
  const value = Math.round(Number(text));
  if (text.trim() === '' || !Number.isFinite(value)) return fallback;
  return Math.max(min, Math.min(max, value));
}
