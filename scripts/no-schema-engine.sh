#!/bin/sh
echo "Prisma's native schema engine is not used here. Migrations are applied by 'npm run db:migrate' (and at start-up); author new ones with 'npm run db:new-migration -- NAME'." >&2
exit 1
