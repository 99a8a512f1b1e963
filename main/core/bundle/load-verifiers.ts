// Loads every offline evidence verifier into the registry (each module registers itself when
// imported), so a bundle is checked by all of them whatever else the process has loaded.
import '../evidence/certificate.js';
import '../proofs/chain-verifiers.js';
