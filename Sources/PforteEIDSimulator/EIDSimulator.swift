/// The bundled eID-Server simulator (see `EIDSimulatorServer`).
public enum EIDSimulatorInfo {}
