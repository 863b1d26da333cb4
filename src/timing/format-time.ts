/**
 * IPython's `_format_time` (IPython/core/magics/execution.py): a duration in seconds as
 * `precision` significant digits of s, ms, µs or ns, or as "1h 2min 3s" from a minute up.
 */
export function formatTime(seconds: number, precision = 3): string {
  if (seconds >= 60) return formatLongTime(seconds);
  // IPython: order = min(-int(floor(log10(t)) // 3), 3): the floor division is on the
  // exponent, so 30 s stays in seconds and 999.96 ns stays in ns ("1e+03 ns").
  const order = seconds > 0 ? Math.min(-Math.floor(Math.floor(Math.log10(seconds)) / 3), 3) : 3;
  return `${formatG(seconds * scaling[order], precision)} ${units[order]}`;
}

/** MICRO SIGN (U+00B5), as IPython prints when stdout can encode it (Jupyter's always can). */
const units = ["s", "ms", "\u00b5s", "ns"] as const;
const scaling = [1, 1e3, 1e6, 1e9] as const;

const longParts: ReadonlyArray<readonly [string, number]> = [
  ["d", 60 * 60 * 24],
  ["h", 60 * 60],
  ["min", 60],
  ["s", 1],
];

function formatLongTime(seconds: number): string {
  const parts: string[] = [];
  let leftover = seconds;
  for (const [suffix, length] of longParts) {
    const value = Math.trunc(leftover / length);
    if (value > 0) {
      leftover = leftover % length;
      parts.push(`${value}${suffix}`);
    }
    if (leftover < 1) break;
  }
  return parts.join(" ");
}

/**
 * Python's `"%.*g" % (precision, value)`: `precision` significant digits (0 counts as 1),
 * fixed notation when the exponent is in [-4, precision), otherwise "1.5e+03"; trailing
 * zeros and a trailing point removed. Rounds half to even on exact ties as Python does
 * ("%.1g" % 2.5 == "2"), where Number#toExponential would round up.
 */
export function formatG(value: number, precision: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const digits = Math.max(precision, 1);
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const { significand, exponent } = roundToSignificant(Math.abs(value), digits);
  if (exponent >= -4 && exponent < digits) return sign + stripZeros(fixedFromDigits(significand, exponent));
  const mantissa = stripZeros(significand.length > 1 ? `${significand[0]}.${significand.slice(1)}` : significand);
  return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/** `digits` significant decimal digits of a non-negative value and the decimal exponent of the first. */
function roundToSignificant(value: number, digits: number): { significand: string; exponent: number } {
  if (value === 0) return { significand: "0".repeat(digits), exponent: 0 };
  const roundedUp = split(value.toExponential(digits - 1));
  // toExponential rounds ties away from zero; check the exact expansion for a tie.
  const long = split(value.toExponential(Math.min(100, digits - 1 + 30)));
  const kept = long.significand.slice(0, digits);
  const rest = long.significand.slice(digits);
  const isTie = /^50*$/.test(rest);
  const keptIsEven = Number(kept[kept.length - 1]) % 2 === 0;
  if (isTie && keptIsEven) return { significand: kept, exponent: long.exponent };
  return roundedUp;
}

function split(exponential: string): { significand: string; exponent: number } {
  const [mantissa, exponent] = exponential.split("e");
  return { significand: mantissa.replace(".", ""), exponent: Number(exponent) };
}

function fixedFromDigits(significand: string, exponent: number): string {
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${significand}`;
  const whole = significand.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = significand.slice(exponent + 1);
  return fraction ? `${whole}.${fraction}` : whole;
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
