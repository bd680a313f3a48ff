export { RegionsContent } from './RegionsContent';
