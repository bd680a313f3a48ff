# The two set-up commands (see README, Quick start).
.PHONY: demo test

# Install everything, start the testbed and serve the app (:3000, :7007).
demo:
	bash scripts/demo.sh

# Install everything and run all checks and tests; prints `N passed, N failed`.
test:
	bash scripts/test.sh
