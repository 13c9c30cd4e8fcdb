/**
 * did:plc without the network: operations (regular, tombstone, legacy create), their DAG-CBOR
 * signing and CIDs, DID derivation, the chain rules with 72-hour recovery, the directory's
 * incoming limits, and the DID document the directory renders.
 */
package dev.pds.core.plc;
