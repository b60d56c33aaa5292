// The real-world corpus: fixtures/real-world/sdk-v1 against its expected.yaml.
import { corpusSuite } from './support/real-world-corpus.ts';

corpusSuite('sdk-v1');
