import Foundation

/// Finds the folder of bundled datasets: the `--datasets` option, then `$HWS_DATASETS`, then
/// `./datasets`, then next to the executable (`<exe>/../../../datasets` for `.build/debug/hws`),
/// and last the source tree this file was compiled from.
public enum DatasetsFolder {
    public static func locate(option: String?, workingDirectory: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String? = CommandLine.arguments.first) -> String? {
        var candidates: [String] = []
        if let option, !option.isEmpty { return absolute(option, base: workingDirectory) }
        if let env = environment["HWS_DATASETS"], !env.isEmpty { candidates.append(absolute(env, base: workingDirectory)) }
        candidates.append(absolute("datasets", base: workingDirectory))
        if let exe = executablePath, !exe.isEmpty {
            let resolved = URL(fileURLWithPath: absolute(exe, base: workingDirectory)).resolvingSymlinksInPath()
            let dir = resolved.deletingLastPathComponent()
            candidates.append(dir.appendingPathComponent("../../../datasets").standardized.path)
            candidates.append(dir.appendingPathComponent("../../datasets").standardized.path)
        }
        // Sources/Shell/DatasetsFolder.swift -> <repo>/datasets
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardized.path
        candidates.append(source)
        return candidates.first { isDirectory($0) }
    }

    static func absolute(_ path: String, base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardized.path }
        return URL(fileURLWithPath: base).appendingPathComponent(expanded).standardized.path
    }

    static func isDirectory(_ path: String) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
    }
}
