import { expect, test } from 'vitest';
import { FREE_CAMERA_SPEED_UNITS_PER_S, SpectatorCamera } from './spectator-camera';

const players = [
  { id: 4, x: 100, y: 200 },
  { id: 2, x: 300, y: 400 },
];

test('by default the camera follows the player with the lowest id', () => {
  const camera = new SpectatorCamera({ width: 1000, height: 800 });
  expect(camera.update(players, 0, 0, 16)).toEqual({ x: 300, y: 400 });
});

test('a chosen player is followed; when that player is gone the camera stays where it was', () => {
  const camera = new SpectatorCamera({ width: 1000, height: 800 });
  camera.follow(4);
  expect(camera.update(players, 0, 0, 16)).toEqual({ x: 100, y: 200 });
  expect(camera.update([players[1]!], 0, 0, 16)).toEqual({ x: 100, y: 200 });
});

test('the movement keys make it a free camera that pans from where it was, inside the arena', () => {
  const camera = new SpectatorCamera({ width: 1000, height: 800 });
  camera.update(players, 0, 0, 16);
  const moved = camera.update(players, 1, 0, 100);
  expect(camera.cameraTarget).toBe('free');
  expect(moved).toEqual({ x: 300 + FREE_CAMERA_SPEED_UNITS_PER_S / 10, y: 400 });
  for (let i = 0; i < 100; i++) camera.update(players, 1, -1, 100);
  expect(camera.update(players, 0, 0, 16)).toEqual({ x: 1000, y: 0 });
});

test('with nobody to follow the free camera starts at the arena centre', () => {
  const camera = new SpectatorCamera({ width: 1000, height: 800 });
  expect(camera.update([], 0, 0, 16)).toEqual({ x: 500, y: 400 });
});
