def log = new File(basedir, 'build.log').text
assert log.contains('Generated trainers from 1 of 1 .net files')
assert log.contains('Gradus trainers are up to date (1 files)')
