import type { NameStorage } from '../app/player-name';
import { loadSoundMuted, saveSoundMuted } from '../app/sound-setting';
import type { ArenaCue } from '../game/arena-cues';
import { h } from './dom';

/** A pitch sweep with an attack-decay envelope. */
interface Tone {
  readonly wave: OscillatorType;
  readonly fromHz: number;
  readonly toHz: number;
  readonly ms: number;
  readonly gain: number;
  readonly delayMs?: number;
}

/** A burst of filtered white noise (thumps, crackles). */
interface NoiseBurst {
  readonly ms: number;
  readonly gain: number;
  readonly lowpassHz: number;
}

interface Sound {
  readonly tones: readonly Tone[];
  readonly noise?: NoiseBurst;
}

/**
 * Every sound of the game, made here from oscillators and noise: nothing to download, nothing to
 * license. Short and quiet on purpose: fire plays up to four times a second.
 */
export const SOUNDS: Readonly<Record<ArenaCue['kind'], Sound>> = {
  fire: {
    tones: [{ wave: 'square', fromHz: 720, toHz: 180, ms: 70, gain: 0.05 }],
    noise: { ms: 40, gain: 0.05, lowpassHz: 3000 },
  },
  hit: { tones: [{ wave: 'triangle', fromHz: 1500, toHz: 1300, ms: 55, gain: 0.16 }] },
  kill: {
    tones: [
      { wave: 'triangle', fromHz: 880, toHz: 880, ms: 90, gain: 0.16 },
      { wave: 'triangle', fromHz: 1320, toHz: 1320, ms: 140, gain: 0.16, delayMs: 80 },
    ],
  },
  hurt: {
    tones: [{ wave: 'sine', fromHz: 160, toHz: 70, ms: 120, gain: 0.22 }],
    noise: { ms: 90, gain: 0.12, lowpassHz: 900 },
  },
  death: {
    tones: [{ wave: 'sawtooth', fromHz: 420, toHz: 50, ms: 600, gain: 0.1 }],
    noise: { ms: 350, gain: 0.1, lowpassHz: 1200 },
  },
  respawn: {
    tones: [
      { wave: 'sine', fromHz: 330, toHz: 660, ms: 180, gain: 0.12 },
      { wave: 'sine', fromHz: 660, toHz: 990, ms: 220, gain: 0.1, delayMs: 120 },
    ],
  },
};

const ATTACK_S = 0.005;

/**
 * The game's sound effects (WebAudio) and the mute toggle that goes with them (a HUD button and
 * the M key; remembered in localStorage). The audio context starts with the first sound, which
 * follows a click or key press (Play), as browsers require.
 */
export class SoundEffects {
  readonly muteButton: HTMLButtonElement;
  private muted: boolean;
  private context: AudioContext | undefined;
  private noise: AudioBuffer | undefined;

  constructor(private readonly storage: NameStorage | undefined) {
    this.muted = loadSoundMuted(storage);
    this.muteButton = h('button', {
      className: 'mute-toggle',
      attrs: { type: 'button', 'data-testid': 'mute-toggle' },
    });
    this.muteButton.addEventListener('click', () => {
      this.toggleMute();
      // the game's keys (Space fires) must not press the button again
      this.muteButton.blur();
    });
    this.showState();
  }

  get isMuted(): boolean {
    return this.muted;
  }

  toggleMute(): void {
    this.muted = !this.muted;
    saveSoundMuted(this.storage, this.muted);
    this.showState();
    if (this.muted) void this.context?.suspend().catch(() => {});
    else void this.context?.resume().catch(() => {});
  }

  /** Plays the sound of each cue of a frame. */
  playCues(cues: readonly ArenaCue[]): void {
    if (this.muted) return;
    for (const cue of cues) this.play(SOUNDS[cue.kind]);
  }

  private play(sound: Sound): void {
    const context = this.audio();
    if (context === undefined || context.state !== 'running') return;
    const start = context.currentTime;
    for (const tone of sound.tones) this.playTone(context, tone, start + (tone.delayMs ?? 0) / 1000);
    if (sound.noise !== undefined) this.playNoise(context, sound.noise, start);
  }

  private playTone(context: AudioContext, tone: Tone, at: number): void {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    const end = at + tone.ms / 1000;
    oscillator.type = tone.wave;
    oscillator.frequency.setValueAtTime(tone.fromHz, at);
    oscillator.frequency.exponentialRampToValueAtTime(tone.toHz, end);
    envelope(gain.gain, tone.gain, at, end);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(end + 0.02);
  }

  private playNoise(context: AudioContext, burst: NoiseBurst, at: number): void {
    this.noise ??= whiteNoise(context);
    const source = context.createBufferSource();
    const filter = context.createBiquadFilter();
    const gain = context.createGain();
    const end = at + burst.ms / 1000;
    source.buffer = this.noise;
    filter.type = 'lowpass';
    filter.frequency.value = burst.lowpassHz;
    envelope(gain.gain, burst.gain, at, end);
    source.connect(filter).connect(gain).connect(context.destination);
    source.start(at);
    source.stop(end + 0.02);
  }

  /** The audio context, created on first use; undefined where WebAudio is missing. */
  private audio(): AudioContext | undefined {
    if (this.context === undefined) {
      if (typeof AudioContext === 'undefined') return undefined;
      this.context = new AudioContext();
    }
    if (this.context.state === 'suspended') void this.context.resume().catch(() => {});
    return this.context;
  }

  private showState(): void {
    // words, not an emoji: many systems have no emoji font and would show a box
    this.muteButton.textContent = this.muted ? 'Sound off' : 'Sound on';
    const label = this.muted ? 'Sounds off (M turns them on)' : 'Sounds on (M mutes)';
    this.muteButton.setAttribute('aria-label', label);
    this.muteButton.title = label;
    this.muteButton.setAttribute('aria-pressed', String(this.muted));
  }
}

/** A fast attack to `peak`, then an exponential decay to silence by `end`. */
function envelope(param: AudioParam, peak: number, at: number, end: number): void {
  param.setValueAtTime(0.0001, at);
  param.exponentialRampToValueAtTime(peak, at + ATTACK_S);
  param.exponentialRampToValueAtTime(0.0001, end);
}

/** Half a second of white noise, made once and reused by every burst. */
function whiteNoise(context: AudioContext): AudioBuffer {
  const buffer = context.createBuffer(1, Math.floor(context.sampleRate / 2), context.sampleRate);
  const samples = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.random() * 2 - 1;
  return buffer;
}
