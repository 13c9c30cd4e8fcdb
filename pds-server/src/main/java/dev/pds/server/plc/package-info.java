/**
 * Talking to a did:plc directory: {@link dev.pds.server.plc.PlcDirectoryClient} with a remote
 * implementation over HTTP ({@link dev.pds.server.plc.PlcClient}) and the embedded directory of
 * dev mode ({@link dev.pds.server.plc.PlcDirectory}, served by
 * {@link dev.pds.server.plc.PlcDirectoryServer}); {@link dev.pds.server.plc.PlcDirectorySetup}
 * picks one from the configuration.
 */
package dev.pds.server.plc;
