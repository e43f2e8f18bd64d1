// The window detectors, in the order they run.
import type { WindowDetector } from './detector.ts';
import { distinctDetector } from './distinct.ts';
import { dormancyDetector } from './dormancy.ts';
import { firstSeenDetector } from './first-seen.ts';
import { ratesDetector } from './rates.ts';
import { rarityDetector } from './rarity.ts';
import { recurrenceDetector } from './recurrence.ts';
import { sessionsDetector } from './sessions.ts';
import { silenceDetector } from './silence.ts';

export const WINDOW_DETECTORS: readonly WindowDetector[] = [firstSeenDetector, recurrenceDetector, ratesDetector, distinctDetector, rarityDetector, dormancyDetector, silenceDetector, sessionsDetector];
