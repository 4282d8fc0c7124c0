import Shell
print("hws \(ShellModule.version)")
