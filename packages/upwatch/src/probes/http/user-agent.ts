import { VERSION } from '../../version.js';

/** What the probe calls itself unless a monitor sets its own User-Agent. */
export const USER_AGENT = `upwatch/${VERSION}`;
