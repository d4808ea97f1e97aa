// The whole conformance suite on the reference backend, one test per case.
import 'theano-ts';
import { defineConformance } from '@theano-ts/conformance';

defineConformance('ref');
