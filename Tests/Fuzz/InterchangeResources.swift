// Compiled into the Interchange module of the fuzz build only (see `make fuzz-build`):
// SwiftPM generates `Bundle.module` for the package build; here the bundled schemas are
// read from the source tree (make runs from the package root).
import Foundation

extension Bundle {
    static let module: Bundle = {
        let path = FileManager.default.currentDirectoryPath + "/Sources/Interchange"
        guard let bundle = Bundle(path: path) else { fatalError("fuzz build: run from the package root (\(path) not found)") }
        return bundle
    }()
}
