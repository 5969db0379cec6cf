/**
 * Wire protocol version. Bump it for any change a peer of the previous version would misread
 * (new record layout, changed quantisation). docs/protocol.md lists what each version changed.
 */
export const PROTOCOL_VERSION = 1;
