/** Timestamps for signed requests sent to a running receiver, in Unix seconds. */

/** The current time in Unix seconds, as the signature recipes' timestamps count it. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A timestamp this far ahead is outside every recipe's 300 s window even after a slow
 * machine's delay between signing and the receiver's check (the exact edge, 301 s, is
 * tested with a fixed clock in test/recipes/).
 */
export const FUTURE_SECONDS = 360;
