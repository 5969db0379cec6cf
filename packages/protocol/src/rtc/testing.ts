// Stand-ins for tests of code that holds a datagram channel (`@arena/protocol/testing`); no product code imports this.
export { FakeRtcPeer, fakeRtcPeers, ManualTimers } from './fake-rtc-peer';
