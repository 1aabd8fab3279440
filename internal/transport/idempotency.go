package transport

// MaxIdempotencyKeyLen is the most characters Stripe accepts in an
// Idempotency-Key header (https://docs.stripe.com/api/idempotent_requests);
// a longer key is refused with a 400. fincon checks the keys callers pass
// against it before sending anything, and fctest's simulator refuses
// longer keys as Stripe does.
const MaxIdempotencyKeyLen = 255
