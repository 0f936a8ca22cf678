def log = new File(basedir, 'build.log').text
def first = new File(basedir, 'src/main/gradus/demo/first.net').canonicalPath
def second = new File(basedir, 'src/main/gradus/demo/second.net').canonicalPath
assert log.contains(second + ":3:7: error: model 'Twin' is also declared at " + first + ":1:7; both would generate demo/Twin.java in package demo")
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/generated-sources/gradus/demo/Twin.java').exists()
// Reported once, in the compiler's format (Maven's plain build context does not log it again).
assert !log.contains('second.net [3:7]')
