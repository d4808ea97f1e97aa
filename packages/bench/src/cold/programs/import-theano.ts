/** Imports theano-ts and does nothing else: the import's share of the cold start. */
import 'theano-ts';
