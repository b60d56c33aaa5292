// The real-world corpus: fixtures/real-world/sdk-v2 against its expected.yaml.
import { corpusSuite } from './support/real-world-corpus.ts';

corpusSuite('sdk-v2');
