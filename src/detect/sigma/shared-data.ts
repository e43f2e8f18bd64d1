// Where the shared, read-only data sets live: beside the checkout, resolved at run time.
import { join } from 'node:path';
import { PRODUCT_ROOT } from '../../core/layer-dirs.ts';

export const SHARED_DIR = join(PRODUCT_ROOT, '..', 'shared');
export const REGRESSION_DIR = join(SHARED_DIR, 'datasets', 'sigma-regression');
export const SIGMAHQ_RULES_DIR = join(SHARED_DIR, 'sigma', 'rules');
export const SIGMA_EXAMPLES_DIR = join(SHARED_DIR, 'sigma', 'examples');
