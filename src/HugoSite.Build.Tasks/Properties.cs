using System.Runtime.CompilerServices;

// Moq builds proxies in this dynamic assembly; it needs the internals the tests mock.
[assembly: InternalsVisibleTo("DynamicProxyGenAssembly2")]
