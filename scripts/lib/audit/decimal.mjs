// Exact decimal text from integer amounts, with BigInt only (no floating point): raw asset
// units in major units (`decimals`), and quotients such as a price per token.

/** `digits` as text with a decimal point `scale` places from the right, trailing zeros dropped. */
function placePoint(digits, scale) {
  if (scale === 0) return digits;
  const padded = digits.padStart(scale + 1, '0');
  const whole = padded.slice(0, -scale);
  const fraction = padded.slice(-scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/**
 * `units` (a raw, non-negative integer amount) in major units of an asset with `decimals`:
 * `unitsToDecimal(12_345_000n, 6)` is `"12.345"`. Always exact.
 */
export function unitsToDecimal(units, decimals) {
  const value = BigInt(units);
  if (value < 0n) throw new RangeError(`a negative amount: ${value}`);
  return placePoint(value.toString(), Number(decimals));
}

/**
 * `numerator / denominator` (non-negative integers, denominator positive) as a decimal: exact
 * when it ends within `maxFraction` places, otherwise rounded half up to `maxFraction` places.
 * Returns `{ text, exact }`.
 */
export function ratioToDecimal(numerator, denominator, maxFraction) {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (n < 0n || d <= 0n) throw new RangeError(`not a non-negative ratio: ${n}/${d}`);
  const scale = 10n ** BigInt(maxFraction);
  const scaled = n * scale;
  let quotient = scaled / d;
  const remainder = scaled % d;
  if (remainder * 2n >= d) quotient += 1n;
  return { text: placePoint(quotient.toString(), maxFraction), exact: remainder === 0n };
}
