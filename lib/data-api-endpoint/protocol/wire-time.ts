/** The AWS JSON protocols send timestamps as epoch seconds (fractional for milliseconds). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
