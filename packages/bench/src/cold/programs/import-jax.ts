/** Imports jax-js (@jax-js/jax) and does nothing else: the import's share of the peer's cold start. */
import '@jax-js/jax';
