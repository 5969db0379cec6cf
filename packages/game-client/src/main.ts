import { PROTOCOL_VERSION } from '@arena/protocol';

const app = document.querySelector<HTMLDivElement>('#app');
if (app) app.textContent = `Arena (protocol v${PROTOCOL_VERSION})`;
