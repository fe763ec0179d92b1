//! Storage: the `Store` front and its backends.

mod memory;

pub use memory::MemoryBackend;

/// Where the data actually lives.
pub trait Backend {
    fn read(&self, key: &str) -> Option<String>;
    fn write(&mut self, key: &str, value: &str);
    fn len(&self) -> usize;
}

/// A store over any backend.
pub struct Store<B: Backend> {
    backend: B,
    writes: u64,
}

impl<B: Backend> Store<B> {
    /// Wraps a backend.
    pub fn new(backend: B) -> Self {
        Store { backend, writes: 0 }
    }

    /// Reads a key.
    pub fn get(&self, key: &str) -> Option<String> {
        self.backend.read(key)
    }

    /// Writes a key and counts the write.
    pub fn set(&mut self, key: &str, value: &str) {
        self.writes += 1;
        self.backend.write(key, value);
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }
}
