export const START: string
export const END: string
export function countLines(source: string): number
export function readmeExample(readme?: string): string
export function table(readme?: string): string
