import GRDB

extension DatabaseMigrator {
    /// Applies the migrations a database file lacks when other processes may be opening
    /// the same file for the first time too. GRDB reads which migrations are applied
    /// before it takes the write lock, so two processes can both decide to create the
    /// same tables; the one that waited then fails ("table … already exists"). Reading
    /// again after such a failure finds the other process's migrations applied.
    func migrateSharedFile(_ writer: any DatabaseWriter, attempts: Int = 3) throws {
        for attempt in 1... {
            do {
                return try migrate(writer)
            } catch let error as DatabaseError where attempt < attempts && error.resultCode == .SQLITE_ERROR {
                continue
            }
        }
    }
}
