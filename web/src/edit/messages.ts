// The API words every problem German first ("Deutsch / English"), and a validation error
// carries each field's German words on their own (`extensions.problems[].german`, from the
// server's one table, domain/wording.py). The cockpit shows those; it keeps no table of
// its own. What is left here: an error outside a field (FORBIDDEN, HAS_DEPENDENTS, …) is
// shown by its German half.

/** The German half of a "Deutsch / English" message (a message without one is kept). */
export function germanHalf(message: string): string {
  const slash = message.indexOf(" / ");
  return slash > 0 ? message.slice(0, slash) : message;
}

/** A field's problem as the form shows it: the API's German words. */
export function fieldMessage(problem: { message: string; german?: string }): string {
  return problem.german ?? germanHalf(problem.message);
}
