import type { Rect } from '@arena/protocol';
import {
  type InputSource,
  mix,
  type ScriptedInput,
  type ScriptView,
  type SeenPlayer,
  stream,
} from './input-script';
import { SHOT_RANGE_UNITS } from './shot-sight';

/** What a combat segment does: close in on the nearest player, circle it, run into the nearest wall, or stand. */
type Tactic = 'charge' | 'strafe' | 'wall' | 'stand';

const SEGMENT_MIN_S = 0.3;
const SEGMENT_MAX_S = 1.2;
/** Shares of segments per tactic, in this order; the rest stand. Charges push players into each other. */
const TACTIC_SHARES: readonly [Tactic, number][] = [
  ['charge', 0.4],
  ['strafe', 0.25],
  ['wall', 0.2],
];
/** Aim error, radians either way: a bot aims well but not perfectly, so some shots miss. */
const AIM_WOBBLE_RAD = 0.06;
/** Share of inputs with the trigger held while a target is in range (the server's cooldown paces the shots). */
const TRIGGER_SHARE = 0.7;

function nearestOther(view: ScriptView): SeenPlayer | undefined {
  let best: SeenPlayer | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const other of view.others) {
    if (other.hp <= 0) continue;
    const distance = Math.hypot(other.x - view.self.x, other.y - view.self.y);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = other;
    }
  }
  return best;
}

/** The closest point of the nearest wall (or of the arena's edge when it is closer), to run into. */
function nearestWallPoint(view: ScriptView): { x: number; y: number } {
  const { self, map } = view;
  const edges: Rect[] = [
    { x: -1, y: 0, width: 1, height: map.height },
    { x: map.width, y: 0, width: 1, height: map.height },
    { x: 0, y: -1, width: map.width, height: 1 },
    { x: 0, y: map.height, width: map.width, height: 1 },
  ];
  let best = { x: self.x, y: self.y };
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const rect of [...map.walls, ...edges]) {
    const x = Math.max(rect.x, Math.min(self.x, rect.x + rect.width));
    const y = Math.max(rect.y, Math.min(self.y, rect.y + rect.height));
    const distance = Math.hypot(x - self.x, y - self.y);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { x, y };
    }
  }
  return best;
}

/**
 * Combat: a probe that fights. In segments of 0.3..1.2 s it charges the nearest player (and pushes
 * into them), circles it, runs into the nearest wall (and keeps pushing), or stands; it always aims
 * at the nearest living player it sees, with a small seeded error, and holds the trigger most of
 * the time that one is within a projectile's range. So players fire, hit, die and respawn, and
 * predictions meet walls and other players. Seeded per run and probe, and a function of the
 * views it is given: the same seed and the same views give the same inputs. Each seq is decided
 * once, on its first ask, from the view then.
 */
export class CombatScript implements InputSource {
  private readonly random: () => number;
  private readonly inputs: ScriptedInput[] = [];
  private segmentLeft = 0;
  private tactic: Tactic = 'stand';
  private strafeSide = 1;
  private wanderHeading: number;

  constructor(
    seed: number,
    index: number,
    private readonly tickRateHz: number,
  ) {
    this.random = stream(mix(seed, index) ^ 0x5bd1e995);
    this.wanderHeading = this.random() * 2 * Math.PI;
  }

  at(seq: number, view?: ScriptView): ScriptedInput {
    while (this.inputs.length < seq) this.inputs.push(this.next(view));
    return this.inputs[seq - 1]!;
  }

  private next(view: ScriptView | undefined): ScriptedInput {
    if (this.segmentLeft <= 0) this.nextSegment();
    this.segmentLeft--;
    const wobble = (this.random() * 2 - 1) * AIM_WOBBLE_RAD;
    const isTriggerHeld = this.random() < TRIGGER_SHARE;
    const target = view === undefined ? undefined : nearestOther(view);
    if (view === undefined || target === undefined) {
      // nobody seen yet (or everybody dead): wander
      const isMoving = this.tactic !== 'stand';
      return {
        moveX: isMoving ? Math.cos(this.wanderHeading) : 0,
        moveY: isMoving ? Math.sin(this.wanderHeading) : 0,
        aim: this.wanderHeading,
        fire: false,
      };
    }
    const toTarget = Math.atan2(target.y - view.self.y, target.x - view.self.x);
    const distance = Math.hypot(target.x - view.self.x, target.y - view.self.y);
    let heading: number | undefined;
    if (this.tactic === 'charge') heading = toTarget;
    else if (this.tactic === 'strafe') heading = toTarget + (this.strafeSide * Math.PI) / 2;
    else if (this.tactic === 'wall') {
      const wall = nearestWallPoint(view);
      heading = Math.atan2(wall.y - view.self.y, wall.x - view.self.x);
    }
    return {
      moveX: heading === undefined ? 0 : Math.cos(heading),
      moveY: heading === undefined ? 0 : Math.sin(heading),
      aim: toTarget + wobble,
      fire: isTriggerHeld && distance <= SHOT_RANGE_UNITS,
    };
  }

  private nextSegment(): void {
    const seconds = SEGMENT_MIN_S + this.random() * (SEGMENT_MAX_S - SEGMENT_MIN_S);
    this.segmentLeft = Math.max(1, Math.round(seconds * this.tickRateHz));
    const roll = this.random();
    let sum = 0;
    this.tactic = 'stand';
    for (const [tactic, share] of TACTIC_SHARES) {
      sum += share;
      if (roll < sum) {
        this.tactic = tactic;
        break;
      }
    }
    this.strafeSide = this.random() < 0.5 ? -1 : 1;
    this.wanderHeading = this.random() * 2 * Math.PI;
  }
}
