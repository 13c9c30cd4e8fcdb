// Starts the reference PLC directory (@did-plc/server, in-memory database) on 127.0.0.1:<port>.
// Prints "listening <port>" once it accepts requests; runs until killed.
const plc = require('@did-plc/server')
const port = parseInt(process.argv[2], 10)
plc.PlcServer.create({ db: plc.Database.mock(), port })
  .start()
  .then(() => console.log(`listening ${port}`))
  .catch((err) => { console.error(err); process.exit(1) })
