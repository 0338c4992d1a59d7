"""Store-and-forward to the MES: the outbox drained in order, master data pulled in.

Import from the submodules (engine, connector, queue, masterdata, contract: the event payload models,
heartbeat: station.status); this package stays light because
hmi.config imports hmi.sync.config.
"""
