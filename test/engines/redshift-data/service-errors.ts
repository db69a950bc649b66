/** Data API refusals as the SDK raises them (ThrottlingException has no modelled class). */
export function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}
