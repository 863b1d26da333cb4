/**
 * The one rule every computed sentence follows before it names a cause: a term, a
 * cost or a part of a profile is named as where a difference lies only when its own
 * change holds at least this share of the difference. Below it, something else holds
 * most of the difference, and naming the smaller term would mislead the reader.
 */
export const CAUSE_SHARE_TO_NAME = 0.5;
