import {
  dequantizeAngle,
  dequantizeMoveAxis,
  MOVE_AXIS_STEPS,
  quantizeAngle,
  quantizeMoveAxis,
} from '../rules/quantize';
import type { InputIntent } from './messages';
import { INPUT_MOVE_BYTES, MAX_INPUTS_PER_MESSAGE } from './structures';

/** Packs intents as 5 bytes each: move x and y (int8, -127..127), aim (uint16), fire (0 or 1). */
export function packInputMoves(inputs: readonly InputIntent[]): Uint8Array {
  const bytes = new Uint8Array(inputs.length * INPUT_MOVE_BYTES);
  const view = new DataView(bytes.buffer);
  inputs.forEach((input, i) => {
    const at = i * INPUT_MOVE_BYTES;
    view.setInt8(at, quantizeMoveAxis(input.moveX));
    view.setInt8(at + 1, quantizeMoveAxis(input.moveY));
    view.setUint16(at + 2, quantizeAngle(input.aim));
    view.setUint8(at + 4, input.fire ? 1 : 0);
  });
  return bytes;
}

/** Reads packed intents back, or says why the bytes are not 1..8 valid ones. */
export function unpackInputMoves(bytes: Uint8Array): InputIntent[] | string {
  const count = bytes.length / INPUT_MOVE_BYTES;
  if (!Number.isInteger(count) || count < 1 || count > MAX_INPUTS_PER_MESSAGE) {
    return `must hold 1..${MAX_INPUTS_PER_MESSAGE} inputs of ${INPUT_MOVE_BYTES} bytes`;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inputs: InputIntent[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * INPUT_MOVE_BYTES;
    const mx = view.getInt8(at);
    const my = view.getInt8(at + 1);
    const fire = view.getUint8(at + 4);
    if (mx < -MOVE_AXIS_STEPS || my < -MOVE_AXIS_STEPS) return 'move axes must be -127..127';
    if (fire > 1) return 'fire must be 0 or 1';
    inputs.push({
      moveX: dequantizeMoveAxis(mx),
      moveY: dequantizeMoveAxis(my),
      aim: dequantizeAngle(view.getUint16(at + 2)),
      fire: fire === 1,
    });
  }
  return inputs;
}
